use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::helpers::{pcp_call, spawn_app};

fn upload(title: &str, name: &str, bytes: Vec<u8>) -> Form {
    Form::new()
        .text("title", title.to_string())
        .part("file", Part::bytes(bytes).file_name(name.to_string()))
}

#[tokio::test]
async fn documents_are_stored_under_their_hash_and_public_once_the_call_is() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &pcp_call("PCP-DOC")).await;
    let bytes = b"%PDF-1.4\n% Capitolato tecnico\n".repeat(1000);
    let expected = hex::encode(Sha256::digest(&bytes));

    let res = app
        .api
        .post(app.url(&format!("/api/v1/calls/{id}/documents")))
        .bearer_auth(&token)
        .multipart(upload(
            "Capitolato tecnico",
            "../../capitolato.pdf",
            bytes.clone(),
        ))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 201);
    let call: Value = res.json().await.unwrap();
    let doc = &call["documents"][0];
    assert_eq!(doc["sha256"], expected.as_str());
    assert_eq!(
        doc["file_name"], "capitolato.pdf",
        "no directories kept from the user's name"
    );
    assert_eq!(doc["size_bytes"], bytes.len());
    let url = doc["url"].as_str().unwrap().to_string();
    assert_eq!(
        app.get_json(&url, None).await.status(),
        404,
        "a draft's documents are not public"
    );

    app.post_json(
        &format!("/api/v1/calls/{id}/publish"),
        Some(&token),
        &json!({}),
    )
    .await;
    let res = app.get_json(&url, None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["content-type"], "application/pdf");
    assert_eq!(res.headers()["x-content-sha256"], expected.as_str());
    let downloaded = res.bytes().await.unwrap();
    assert_eq!(hex::encode(Sha256::digest(&downloaded)), expected);

    let late = app
        .api
        .post(app.url(&format!("/api/v1/calls/{id}/documents")))
        .bearer_auth(&token)
        .multipart(upload("Tardivo", "tardivo.pdf", b"%PDF".to_vec()))
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), 409, "published calls change only by addenda");
}

#[tokio::test]
async fn wrong_or_empty_files_are_refused_with_a_reason() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &pcp_call("PCP-DOC2")).await;
    let send = |form: Form| {
        app.api
            .post(app.url(&format!("/api/v1/calls/{id}/documents")))
            .bearer_auth(&token)
            .multipart(form)
            .send()
    };
    let res = send(upload("Programma", "setup.exe", b"MZ".to_vec()))
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["fields"][0]["code"], "file_type_not_accepted");
    assert!(
        err["fields"][0]["message"]
            .as_str()
            .unwrap()
            .contains("PDF")
    );

    let res = send(upload("Vuoto", "vuoto.pdf", Vec::new()))
        .await
        .unwrap();
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["fields"][0]["code"], "empty_file");

    let res = send(Form::new().text("title", "senza file")).await.unwrap();
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["fields"][0]["field"], "file");

    let call: Value = app
        .get_json(&format!("/api/v1/calls/{id}"), Some(&token))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        call["documents"].as_array().unwrap().len(),
        0,
        "nothing stored"
    );
}

#[tokio::test]
async fn an_oversized_document_is_refused_and_leaves_no_file() {
    let app = crate::helpers::spawn_app_with(|s| s.max_document_bytes = 1024).await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &pcp_call("PCP-DOC3")).await;
    let res = app
        .api
        .post(app.url(&format!("/api/v1/calls/{id}/documents")))
        .bearer_auth(&token)
        .multipart(upload("Grande", "grande.pdf", vec![b'x'; 4096]))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["fields"][0]["code"], "file_too_large");
    let tmp = app.state.settings.data_dir.join("blobs/tmp");
    assert_eq!(std::fs::read_dir(tmp).unwrap().count(), 0);
}

/// The files the blob store holds, besides the staging directory.
fn stored_files(app: &crate::helpers::TestApp) -> Vec<String> {
    std::fs::read_dir(app.state.settings.data_dir.join("blobs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name != "tmp")
        .collect()
}

#[tokio::test]
async fn refused_documents_and_addenda_leave_no_file_behind() {
    let app = spawn_app().await;
    let accounts = app.seed_accounts().await;
    let token = app.token(&accounts.officer).await;
    let id = app.create_call(&token, &pcp_call("PCP-DOC4")).await;
    let two = Form::new()
        .part(
            "file",
            Part::bytes(b"%PDF uno".to_vec()).file_name("uno.pdf"),
        )
        .part(
            "file",
            Part::bytes(b"%PDF due".to_vec()).file_name("due.pdf"),
        );
    let res = app
        .api
        .post(app.url(&format!("/api/v1/calls/{id}/documents")))
        .bearer_auth(&token)
        .multipart(two)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["fields"][0]["code"], "at_most");
    assert_eq!(
        stored_files(&app),
        Vec::<String>::new(),
        "refused: no file kept"
    );

    let (id, _) = crate::helpers::publish(&app, &token, &pcp_call("PCP-DOC5")).await;
    let blank = Form::new().text("body", "   ").part(
        "file",
        Part::bytes(b"%PDF rettifica".to_vec()).file_name("r.pdf"),
    );
    let res = app
        .api
        .post(app.url(&format!("/api/v1/calls/{id}/addenda")))
        .bearer_auth(&token)
        .multipart(blank)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 422, "an addendum needs its text");
    assert_eq!(
        stored_files(&app),
        Vec::<String>::new(),
        "refused: no file kept"
    );
}
