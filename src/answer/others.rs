//! Statements whose speaker speaks for no side (an analyst, an opposition leader, a newspaper):
//! stored and found by words, and shown by `/topic` in a group of their own after the sides.

use crate::answer::reply::EntityRef;

/// The group's stable key in replies.
pub const OTHERS_KEY: &str = "others";
/// The group's name.
pub const OTHERS_NAME: &str = "Others: analysts, opposition, media";

/// How the group of speakers for no side is named in a reply.
pub fn others_ref() -> EntityRef {
    EntityRef {
        id: OTHERS_KEY.into(),
        name: OTHERS_NAME.into(),
        flag: "🗣️".into(),
        kind: None,
    }
}
