//! Errors the core reports about data files: always with the file, and a line where there is one,
//! in words a moderator can act on.

use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum DataError {
    #[error("{}: {message}", file.display())]
    File { file: PathBuf, message: String },
    #[error("{} line {line}: {message}", file.display())]
    Line {
        file: PathBuf,
        line: usize,
        message: String,
    },
    /// The store in PostgreSQL (`POSITIONS_DATABASE_URL`); never names the connection string.
    #[error("the database: {message}")]
    Database { message: String },
}

impl DataError {
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        DataError::File {
            file: file.to_path_buf(),
            message: message.into(),
        }
    }

    pub fn line(file: &Path, line: usize, message: impl Into<String>) -> Self {
        DataError::Line {
            file: file.to_path_buf(),
            line,
            message: message.into(),
        }
    }

    pub fn database(message: impl Into<String>) -> Self {
        DataError::Database {
            message: message.into(),
        }
    }

    /// A JSON error inside a whole-file document, placed at the line serde reports.
    pub fn json(file: &Path, err: &serde_json::Error) -> Self {
        let message = strip_position(&err.to_string());
        DataError::line(file, err.line(), message)
    }
}

/// serde_json appends " at line L column C"; the line is already in our message.
pub fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}
