//! Files of many articles: JSONL lines and CSV rows.

use crate::{FileRead, SourceFile};
use serde_json::Value;
use whosaid_model::{RawDocument, RawMeta, Reject, SourceFormat};

/// Field names that may hold the article body, in order of preference.
const TEXT_FIELDS: &[&str] = &["text", "content", "body"];

pub(crate) fn read_jsonl(file: &SourceFile, text: &str, out: &mut FileRead) {
    let path = file.display_path();
    let stem = file.doc_id_stem();
    let mut n_lines = 0;
    for (i, line) in text.lines().enumerate() {
        let line_no = i as u64 + 1;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        n_lines += 1;
        let value: Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                out.rejects.push(
                    Reject::skipped(&path, "malformed-json", format!("not valid JSON: {e}"))
                        .at_line(line_no),
                );
                continue;
            }
        };
        let Some(obj) = value.as_object() else {
            out.rejects.push(
                Reject::skipped(
                    &path,
                    "malformed-json",
                    "the line is JSON but not an object",
                )
                .at_line(line_no),
            );
            continue;
        };
        let field = |name: &str| -> Option<String> {
            match obj.get(name)? {
                Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
                Value::Number(n) => Some(n.to_string()),
                _ => None,
            }
        };
        let Some(body) = TEXT_FIELDS.iter().find_map(|f| field(f)) else {
            out.rejects.push(
                Reject::skipped(&path, "no-text", "no non-empty text, content or body field")
                    .at_line(line_no),
            );
            continue;
        };
        let bytes = line.len() as u64;
        out.docs.push(RawDocument {
            doc_id: field("id").unwrap_or_else(|| format!("{stem}#{line_no}")),
            source_path: format!("{path}#{line_no}"),
            format: SourceFormat::Record,
            text: body,
            meta: RawMeta {
                title: field("title"),
                url: field("url"),
                date: field("date").or_else(|| field("published")),
                outlet: field("outlet"),
            },
            bytes,
        });
    }
    if n_lines == 0 {
        out.rejects
            .push(Reject::skipped(&path, "empty", "no JSON lines in the file"));
    }
}

pub(crate) fn read_csv(file: &SourceFile, text: &str, out: &mut FileRead) {
    let path = file.display_path();
    let stem = file.doc_id_stem();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_ascii_lowercase()).collect(),
        Err(e) => {
            out.rejects.push(Reject::skipped(
                &path,
                "malformed-csv",
                format!("cannot read the header: {e}"),
            ));
            return;
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let Some(text_col) = TEXT_FIELDS.iter().find_map(|f| col(f)) else {
        out.rejects.push(Reject::skipped(
            &path,
            "no-text-column",
            format!(
                "no text column (looked for {}); header is: {}",
                TEXT_FIELDS.join(", "),
                headers.join(", ")
            ),
        ));
        return;
    };
    let (id_col, title_col, url_col, outlet_col) =
        (col("id"), col("title"), col("url"), col("outlet"));
    let date_col = col("date").or_else(|| col("published"));
    for (i, record) in reader.records().enumerate() {
        let row_no = i as u64 + 1;
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                out.rejects.push(
                    Reject::skipped(&path, "malformed-csv", format!("unreadable row: {e}"))
                        .at_line(row_no),
                );
                continue;
            }
        };
        let get = |c: Option<usize>| -> Option<String> {
            c.and_then(|c| record.get(c))
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        let Some(body) = get(Some(text_col)) else {
            out.rejects.push(
                Reject::skipped(&path, "no-text", "the text column is empty in this row")
                    .at_line(row_no),
            );
            continue;
        };
        out.docs.push(RawDocument {
            doc_id: get(id_col).unwrap_or_else(|| format!("{stem}#{row_no}")),
            source_path: format!("{path}#{row_no}"),
            format: SourceFormat::Record,
            bytes: body.len() as u64,
            text: body,
            meta: RawMeta {
                title: get(title_col),
                url: get(url_col),
                date: get(date_col),
                outlet: get(outlet_col),
            },
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FileKind;
    use std::path::PathBuf;

    fn src(rel: &str, kind: FileKind) -> SourceFile {
        SourceFile {
            path: PathBuf::from(rel),
            rel: rel.into(),
            kind,
            gz: false,
        }
    }

    #[test]
    fn jsonl_keeps_good_lines_and_reports_bad_ones() {
        let text = concat!(
            r#"{"id": "a1", "title": "Talks resume", "text": "Kerry said the talks resume.", "outlet": "Wire"}"#,
            "\n{not json\n",
            r#"{"title": "no body here"}"#,
            "\n\n",
            r#"{"content": "Lavrov said no."}"#,
            "\n"
        );
        let mut out = FileRead::default();
        read_jsonl(&src("feeds/w.jsonl", FileKind::Jsonl), text, &mut out);
        let ids: Vec<_> = out.docs.iter().map(|d| d.doc_id.as_str()).collect();
        assert_eq!(ids, ["a1", "feeds/w#5"]);
        assert_eq!(out.docs[0].meta.outlet.as_deref(), Some("Wire"));
        let lines: Vec<_> = out
            .rejects
            .iter()
            .map(|r| (r.line, r.category.as_str()))
            .collect();
        assert_eq!(lines, [(Some(2), "malformed-json"), (Some(3), "no-text")]);
    }

    #[test]
    fn csv_needs_a_text_column() {
        let mut out = FileRead::default();
        read_csv(&src("a.csv", FileKind::Csv), "id,headline\n1,x\n", &mut out);
        assert!(out.docs.is_empty());
        assert_eq!(out.rejects[0].category, "no-text-column");
    }

    #[test]
    fn csv_rows_become_documents() {
        let csv = "id,title,Text\nb1,Brief,\"The envoy said, \"\"not yet.\"\"\"\nb2,Empty,\n";
        let mut out = FileRead::default();
        read_csv(&src("briefs.csv", FileKind::Csv), csv, &mut out);
        assert_eq!(out.docs.len(), 1);
        assert_eq!(out.docs[0].text, "The envoy said, \"not yet.\"");
        assert_eq!(out.rejects[0].line, Some(2));
    }
}
