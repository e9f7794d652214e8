//! Discord's limits on what a bot sends (message length, embeds, buttons, autocomplete
//! choices): a body Discord would refuse with a 400 is refused here with the same error shape.

use serde_json::{json, Map, Value};

/// One broken rule, at a dotted path into the request body (`data.embeds.0.title`).
struct Violation {
    path: String,
    code: &'static str,
    message: String,
}

fn chars(v: Option<&Value>) -> usize {
    v.and_then(Value::as_str).map_or(0, |s| s.chars().count())
}

fn array(v: Option<&Value>) -> &[Value] {
    v.and_then(Value::as_array).map_or(&[], Vec::as_slice)
}

fn max_len(out: &mut Vec<Violation>, path: String, len: usize, max: usize) {
    if len > max {
        out.push(Violation {
            path,
            code: "BASE_TYPE_MAX_LENGTH",
            message: format!("Must be {max} or fewer in length."),
        });
    }
}

fn required(out: &mut Vec<Violation>, path: String, len: usize) {
    if len == 0 {
        out.push(Violation {
            path,
            code: "BASE_TYPE_REQUIRED",
            message: "This field is required".into(),
        });
    }
}

/// Checks a message body (create, edit, or the `data` of an interaction response) at `prefix`
/// (`""` or `"data."`). `creating` asks for something to show: content, an embed, a component,
/// a file, a sticker or a poll. Returns the error body Discord would answer, if any.
pub(super) fn check_message(
    body: &Value,
    prefix: &str,
    creating: bool,
    has_files: bool,
) -> Option<Value> {
    let mut out = Vec::new();
    max_len(
        &mut out,
        format!("{prefix}content"),
        chars(body.get("content")),
        2000,
    );

    let embeds = array(body.get("embeds"));
    max_len(&mut out, format!("{prefix}embeds"), embeds.len(), 10);
    let mut total = 0;
    for (i, e) in embeds.iter().enumerate() {
        let p = format!("{prefix}embeds.{i}.");
        let title = chars(e.get("title"));
        let description = chars(e.get("description"));
        let footer = chars(e.pointer("/footer/text"));
        let author = chars(e.pointer("/author/name"));
        max_len(&mut out, format!("{p}title"), title, 256);
        max_len(&mut out, format!("{p}description"), description, 4096);
        max_len(&mut out, format!("{p}footer.text"), footer, 2048);
        max_len(&mut out, format!("{p}author.name"), author, 256);
        total += title + description + footer + author;
        let fields = array(e.get("fields"));
        max_len(&mut out, format!("{p}fields"), fields.len(), 25);
        for (j, f) in fields.iter().enumerate() {
            let name = chars(f.get("name"));
            let value = chars(f.get("value"));
            required(&mut out, format!("{p}fields.{j}.name"), name);
            required(&mut out, format!("{p}fields.{j}.value"), value);
            max_len(&mut out, format!("{p}fields.{j}.name"), name, 256);
            max_len(&mut out, format!("{p}fields.{j}.value"), value, 1024);
            total += name + value;
        }
    }
    if total > 6000 {
        out.push(Violation {
            path: format!("{prefix}embeds"),
            code: "MAX_EMBED_SIZE_EXCEEDED",
            message: "Embed size exceeds maximum size of 6000".into(),
        });
    }

    let rows = array(body.get("components"));
    max_len(&mut out, format!("{prefix}components"), rows.len(), 5);
    let mut custom_ids = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let p = format!("{prefix}components.{i}.components");
        let items = array(row.get("components"));
        max_len(&mut out, p.clone(), items.len(), 5);
        for (j, c) in items.iter().enumerate() {
            let label = chars(c.get("label"));
            max_len(&mut out, format!("{p}.{j}.label"), label, 80);
            let custom_id = c.get("custom_id").and_then(Value::as_str);
            let style = c.get("style").and_then(Value::as_u64).unwrap_or(0);
            let is_button = c.get("type").and_then(Value::as_u64) == Some(2);
            if custom_id.is_none() && !(is_button && (style == 5 || style == 6)) {
                required(&mut out, format!("{p}.{j}.custom_id"), 0);
            }
            if let Some(id) = custom_id {
                max_len(
                    &mut out,
                    format!("{p}.{j}.custom_id"),
                    id.chars().count(),
                    100,
                );
                if custom_ids.contains(&id) {
                    out.push(Violation {
                        path: format!("{p}.{j}.custom_id"),
                        code: "COMPONENT_CUSTOM_ID_DUPLICATED",
                        message: "Component custom id cannot be duplicated".into(),
                    });
                }
                custom_ids.push(id);
            }
        }
    }

    if !out.is_empty() {
        return Some(form_error(out));
    }
    let shows_something = chars(body.get("content")) > 0
        || !embeds.is_empty()
        || !rows.is_empty()
        || has_files
        || !array(body.get("sticker_ids")).is_empty()
        || body.get("poll").is_some_and(|p| !p.is_null());
    if creating && !shows_something {
        return Some(json!({"message": "Cannot send an empty message", "code": 50006}));
    }
    None
}

/// Checks the `data` of an autocomplete result (response type 8).
pub(super) fn check_choices(data: &Value) -> Option<Value> {
    let mut out = Vec::new();
    let choices = array(data.get("choices"));
    max_len(&mut out, "data.choices".into(), choices.len(), 25);
    for (i, c) in choices.iter().enumerate() {
        let name = chars(c.get("name"));
        required(&mut out, format!("data.choices.{i}.name"), name);
        max_len(&mut out, format!("data.choices.{i}.name"), name, 100);
        if let Some(s) = c.get("value").and_then(Value::as_str) {
            max_len(
                &mut out,
                format!("data.choices.{i}.value"),
                s.chars().count(),
                100,
            );
        }
    }
    (!out.is_empty()).then(|| form_error(out))
}

/// Checks application commands as a bulk overwrite (or a single create, at `prefix` "") sends
/// them: names, descriptions, option counts and order, choices.
pub(super) fn check_commands(commands: &[Value], bulk: bool) -> Option<Value> {
    let mut out = Vec::new();
    let mut seen = Vec::new();
    for (i, c) in commands.iter().enumerate() {
        let p = if bulk { format!("{i}.") } else { String::new() };
        let kind = c.get("type").and_then(Value::as_u64).unwrap_or(1);
        check_named(&mut out, &p, c, kind == 1);
        check_options(&mut out, &format!("{p}options"), array(c.get("options")));
        let name = c.get("name").and_then(Value::as_str).unwrap_or_default();
        if seen.contains(&(kind, name)) {
            out.push(Violation {
                path: format!("{p}name"),
                code: "APPLICATION_COMMANDS_DUPLICATE_NAME",
                message: format!("Application command names must be unique: {name}"),
            });
        }
        seen.push((kind, name));
    }
    (!out.is_empty()).then(|| form_error(out))
}

/// A command's or option's `name` and `description`; `chat_input` applies the slash-command
/// rules (lowercase name of letters, digits, `-` and `_`; a description of 1 to 100 characters).
fn check_named(out: &mut Vec<Violation>, p: &str, v: &Value, chat_input: bool) {
    let name = v.get("name").and_then(Value::as_str).unwrap_or_default();
    let len = name.chars().count();
    let bad_char = |c: char| {
        !(c.is_alphanumeric() || c == '-' || c == '_')
            || c.to_lowercase().to_string() != c.to_string()
    };
    if len == 0 || len > 32 || (chat_input && name.chars().any(bad_char)) {
        out.push(Violation {
            path: format!("{p}name"),
            code: "APPLICATION_COMMAND_INVALID_NAME",
            message: format!("Command name is invalid: {name:?}"),
        });
    }
    if chat_input {
        let description = chars(v.get("description"));
        required(out, format!("{p}description"), description);
        max_len(out, format!("{p}description"), description, 100);
    }
}

fn check_options(out: &mut Vec<Violation>, p: &str, options: &[Value]) {
    max_len(out, p.to_string(), options.len(), 25);
    let mut optional_seen = false;
    for (j, o) in options.iter().enumerate() {
        let op = format!("{p}.{j}.");
        check_named(out, &op, o, true);
        let kind = o.get("type").and_then(Value::as_u64).unwrap_or(0);
        let is_required = o.get("required").and_then(Value::as_bool).unwrap_or(false);
        if is_required && optional_seen {
            out.push(Violation {
                path: format!("{op}required"),
                code: "APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID",
                message: "Required options must be placed before non-required options".into(),
            });
        }
        optional_seen |= !is_required && kind > 2;
        let choices = array(o.get("choices"));
        max_len(out, format!("{op}choices"), choices.len(), 25);
        for (k, c) in choices.iter().enumerate() {
            let name = chars(c.get("name"));
            required(out, format!("{op}choices.{k}.name"), name);
            max_len(out, format!("{op}choices.{k}.name"), name, 100);
            if let Some(s) = c.get("value").and_then(Value::as_str) {
                max_len(
                    out,
                    format!("{op}choices.{k}.value"),
                    s.chars().count(),
                    100,
                );
            }
        }
        if kind == 1 || kind == 2 {
            check_options(out, &format!("{op}options"), array(o.get("options")));
        }
    }
}

/// Discord's "Invalid Form Body" error with its nested `errors` tree.
fn form_error(violations: Vec<Violation>) -> Value {
    let mut errors = Map::new();
    for v in violations {
        let mut node = &mut errors;
        for part in v.path.split('.') {
            node = node
                .entry(part.to_string())
                .or_insert_with(|| json!({}))
                .as_object_mut()
                .expect("error tree nodes are objects");
        }
        let list = node.entry("_errors").or_insert_with(|| json!([]));
        if let Some(list) = list.as_array_mut() {
            list.push(json!({"code": v.code, "message": v.message}));
        }
    }
    json!({"code": 50035, "message": "Invalid Form Body", "errors": errors})
}
