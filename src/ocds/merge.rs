//! The OCDS merge routine, which compiles a contracting process's releases into its current
//! state: later values replace earlier ones, `null` removes a field, objects merge field by field
//! and arrays of objects with an `id` merge item by item; any other array is replaced whole.

use serde_json::{Map, Value, json};

/// The compiled release of releases of one process, given oldest first.
pub fn compile(releases: &[Value]) -> Value {
    let mut compiled = Map::new();
    for release in releases {
        if let Value::Object(fields) = release {
            merge_object(&mut compiled, fields);
        }
    }
    let ocid = compiled.get("ocid").and_then(Value::as_str).unwrap_or("");
    let date = compiled.get("date").and_then(Value::as_str).unwrap_or("");
    let id = format!("{ocid}-{date}");
    compiled.insert("id".into(), json!(id));
    compiled.insert("tag".into(), json!(["compiled"]));
    Value::Object(compiled)
}

fn merge_object(target: &mut Map<String, Value>, source: &Map<String, Value>) {
    for (key, value) in source {
        match value {
            Value::Null => {
                target.remove(key);
            }
            Value::Object(fields) => {
                let slot = target
                    .entry(key.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                if !slot.is_object() {
                    *slot = Value::Object(Map::new());
                }
                if let Value::Object(inner) = slot {
                    merge_object(inner, fields);
                }
            }
            Value::Array(items) if items.iter().all(has_id) && !items.is_empty() => {
                let slot = target
                    .entry(key.clone())
                    .or_insert_with(|| Value::Array(Vec::new()));
                if !slot.as_array().is_some_and(|a| a.iter().all(has_id)) {
                    *slot = Value::Array(Vec::new());
                }
                if let Value::Array(existing) = slot {
                    merge_by_id(existing, items);
                }
            }
            other => {
                target.insert(key.clone(), other.clone());
            }
        }
    }
}

fn has_id(item: &Value) -> bool {
    item.get("id").is_some_and(|id| !id.is_null())
}

fn merge_by_id(existing: &mut Vec<Value>, items: &[Value]) {
    for item in items {
        let Value::Object(fields) = item else {
            continue;
        };
        let position = existing.iter().position(|e| e.get("id") == item.get("id"));
        let slot = match position {
            Some(i) => &mut existing[i],
            None => {
                existing.push(Value::Object(Map::new()));
                existing.last_mut().expect("just pushed")
            }
        };
        if let Value::Object(target) = slot {
            merge_object(target, fields);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn later_releases_win_and_null_removes() {
        let compiled = compile(&[
            json!({"ocid": "ocds-x-1", "id": "1", "date": "2026-01-01T00:00:00Z", "tag": ["tender"],
                   "tender": {"status": "active", "title": "A", "description": "old"}}),
            json!({"ocid": "ocds-x-1", "id": "2", "date": "2026-02-01T00:00:00Z", "tag": ["tenderUpdate"],
                   "tender": {"status": "complete", "description": null}}),
        ]);
        assert_eq!(compiled["tender"]["status"], "complete");
        assert_eq!(compiled["tender"]["title"], "A");
        assert!(compiled["tender"].get("description").is_none());
        assert_eq!(compiled["id"], "ocds-x-1-2026-02-01T00:00:00Z");
        assert_eq!(compiled["date"], "2026-02-01T00:00:00Z");
        assert_eq!(compiled["tag"], json!(["compiled"]));
    }

    #[test]
    fn arrays_of_objects_merge_by_id_others_are_replaced() {
        let compiled = compile(&[
            json!({"ocid": "o", "date": "d1", "parties": [
                {"id": "a", "name": "A", "roles": ["buyer"]},
                {"id": "b", "name": "B", "roles": ["tenderer"]}]}),
            json!({"ocid": "o", "date": "d2", "parties": [
                {"id": "b", "roles": ["tenderer", "supplier"]},
                {"id": "c", "name": "C"}]}),
        ]);
        let parties = compiled["parties"].as_array().unwrap();
        assert_eq!(parties.len(), 3);
        assert_eq!(parties[0]["roles"], json!(["buyer"]));
        assert_eq!(parties[1]["name"], "B");
        assert_eq!(parties[1]["roles"], json!(["tenderer", "supplier"]));
        assert_eq!(parties[2]["name"], "C");
    }
}
