//! What a signal handler does to the output folder. In a test binary of its
//! own: abandoning is for the whole process, and no other test may publish
//! after it.

use whosaid_export::{abandon_staging, prepare_output};

#[test]
fn abandoning_removes_staging_and_stops_publication() {
    let root = tempfile::tempdir().unwrap();
    let out = root.path().join("out");
    std::fs::create_dir(&out).unwrap();
    std::fs::write(out.join("documents.csv"), "old").unwrap();
    let run = prepare_output(&out, false).unwrap();
    std::fs::write(run.staging().join("documents.csv"), "half").unwrap();

    assert_eq!(abandon_staging(), std::slice::from_ref(&out));
    assert!(!run.staging().exists());
    assert!(run.publish().is_err(), "published after the signal");
    assert!(prepare_output(&out, false).is_err());
    assert_eq!(
        std::fs::read_to_string(out.join("documents.csv")).unwrap(),
        "old"
    );
    let left: Vec<_> = std::fs::read_dir(root.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["out"]);
}
