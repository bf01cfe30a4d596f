//! A competitive dialogue in its first stage: published two months ago, its three requests to
//! participate decided, and the dialogue under way in each candidate's channel: questions and
//! answers with a file, a session whose minutes the candidate approved, another whose minutes
//! await approval, a consent given, and a question waiting for an answer by a date.

use chrono::{DateTime, Duration, Utc};

use super::running_pcp::{Cast, decide, score_phase};
use super::{demo_pdf, dialogue_spec, noon_in_rome};
use crate::db::{self, DbConnection};
use crate::domain::call::CallSpec;
use crate::domain::lang::Lang;
use crate::error::AppError;
use crate::service::calls;
use crate::service::dialogue::{self, ConsentInput, MessageInput, ReceivedFile, SessionInput};
use crate::storage::BlobStore;

fn spec(now: DateTime<Utc>) -> CallSpec {
    let mut spec = dialogue_spec(now);
    spec.reference = "DC-ER-2026-01".into();
    spec.title = "Sportello digitale unico per le imprese".into();
    spec.summary =
        "Dialogo competitivo per un unico sportello digitale, accessibile e interoperabile, \
                    per le pratiche delle imprese con la Regione e i Comuni."
            .into();
    spec.cpv_codes = vec!["72212000-4".into()];
    spec.phases[0].deadline = Some(noon_in_rome(now, -28));
    spec.phases[2].deadline = Some(noon_in_rome(now, 40));
    spec.phases[3].deadline = Some(noon_in_rome(now, 100));
    spec
}

/// Each request's self-declaration, saved two days before the deadline, and the chair's check
/// of it against the selection criteria, passed, three days after.
fn declare_and_check(
    conn: &mut DbConnection,
    cast: &Cast,
    phase_id: &str,
    deadline: DateTime<Utc>,
) -> Result<(), AppError> {
    use crate::db::declarations::{CheckRow, DeclarationRow};
    use crate::domain::declaration::{
        ExclusionGround, GroundAnswer, SelfDeclaration, SimilarService,
    };
    for (i, p) in db::proposals::for_phase(conn, phase_id)?.iter().enumerate() {
        let declaration = SelfDeclaration {
            exclusion_grounds: ExclusionGround::ALL
                .map(|ground| GroundAnswer {
                    ground,
                    applies: false,
                    explanation: String::new(),
                })
                .to_vec(),
            turnover_cents: vec![180_000_000 + 20_000_000 * i as i64, 160_000_000],
            similar_services: vec![SimilarService {
                client: ["Comune di Parma", "Comune di Modena", "Comune di Rimini"][i % 3].into(),
                description: "Sportello telematico per le attività produttive".into(),
                year: 2025,
                amount_cents: 12_000_000,
            }],
            certifications: vec!["ISO 9001".into(), "ISO 27001".into()],
        };
        let author = cast
            .suppliers
            .iter()
            .find(|(a, _)| a.organisation_id.as_deref() == Some(p.organisation_id.as_str()))
            .map(|(a, _)| a.user_id.clone())
            .unwrap_or_default();
        db::declarations::save(
            conn,
            &DeclarationRow {
                proposal_id: p.id.clone(),
                declaration: serde_json::to_string(&declaration)
                    .map_err(|e| AppError::Unexpected(e.into()))?,
                saved_by: author,
                saved_at: (deadline - Duration::days(2)).naive_utc(),
            },
        )?;
        let checks: Vec<CheckRow> = ["Servizi analoghi adeguati.", "Fatturato adeguato."]
            .iter()
            .enumerate()
            .map(|(criterion, reason)| CheckRow {
                proposal_id: p.id.clone(),
                criterion: criterion as i32,
                passed: true,
                reason: (*reason).into(),
                checked_by: cast.evaluators[0].user_id.clone(),
                checked_at: (deadline + Duration::days(3)).naive_utc(),
            })
            .collect();
        db::declarations::save_checks(conn, &p.id, &checks)?;
    }
    Ok(())
}

fn say(body: &str) -> MessageInput {
    MessageInput {
        body: body.into(),
        ..MessageInput::default()
    }
}

pub fn load(
    conn: &mut DbConnection,
    blobs: &BlobStore,
    cast: &Cast,
    now: DateTime<Utc>,
) -> Result<(), AppError> {
    let spec = spec(now);
    let published = now - Duration::days(60);
    let id = calls::create(conn, cast.officer, &spec, published)?;
    calls::publish(conn, cast.officer, &id, None, published)?;
    let call = db::calls::find(conn, &id)?.ok_or(AppError::NotFound)?;
    let requests_deadline = spec.phases[0].deadline.unwrap_or(now);
    let marks: &[&[&str]] = &[&["50", "32"], &["46", "30"], &["41", "28"]];
    score_phase(
        conn,
        blobs,
        cast,
        &call.phase_ids[0],
        &[0, 1, 2],
        &[None, None, None],
        marks,
        requests_deadline,
    )?;
    declare_and_check(conn, cast, &call.phase_ids[0], requests_deadline)?;
    let decided = decide(conn, cast, &call.phase_ids[0], requests_deadline)?;
    let officer = cast.officer;
    let org = |i: usize| {
        cast.suppliers[i]
            .0
            .organisation_id
            .clone()
            .unwrap_or_default()
    };
    let (first, second) = (org(0), org(1));
    let candidate_1 = &cast.suppliers[0].0;
    let at = |days: i64| decided + Duration::days(days);
    for i in 0..3 {
        dialogue::post_message(
            conn,
            officer,
            &id,
            &org(i),
            &say(
                "Benvenuti nel dialogo. Vi chiediamo di presentare in un incontro l'architettura della \
                  soluzione e i tempi di integrazione con i sistemi dei Comuni.",
            ),
            &[],
            Lang::It,
            at(1),
        )?;
    }
    dialogue::read(conn, candidate_1, &id, &first, Lang::It, at(2))?;
    let bytes = demo_pdf("Architettura della soluzione", cast.suppliers[0].1, at(2));
    let blob = blobs
        .store_bytes(&bytes)
        .map_err(|e| AppError::Unexpected(e.into()))?;
    let architecture = ReceivedFile {
        file_name: "architettura.pdf".into(),
        content_type: "application/pdf".into(),
        size_bytes: blob.size as i64,
        sha256: blob.sha256,
    };
    let answer = dialogue::post_message(
        conn,
        candidate_1,
        &id,
        &first,
        &say(
            "Grazie. In allegato l'architettura: lo sportello usa le API della piattaforma regionale.",
        ),
        &[architecture],
        Lang::It,
        at(2),
    )?;
    dialogue::read(conn, officer, &id, &first, Lang::It, at(3))?;

    let session = |place: &str, agenda: &str, day: i64| SessionInput {
        starts_at: at(day),
        place: place.into(),
        attendees: "RUP, commissione giudicatrice, due referenti del candidato".into(),
        agenda: agenda.into(),
    };
    let held = dialogue::schedule(
        conn,
        officer,
        &id,
        &first,
        &session(
            "Bologna, viale Aldo Moro 52, sala 3",
            "Architettura della soluzione; integrazione con i sistemi dei Comuni.",
            6,
        ),
        at(4),
    )?;
    dialogue::read(conn, candidate_1, &id, &first, Lang::It, at(5))?;
    dialogue::write(
        conn,
        officer,
        &held.id,
        "Il candidato ha illustrato l'architettura a microservizi e l'uso delle API regionali.\n\n\
         Si concorda di approfondire nel prossimo incontro i tempi di migrazione delle pratiche.",
        at(6),
    )?;
    dialogue::submit(conn, officer, &held.id, at(6))?;
    dialogue::approve(conn, candidate_1, &held.id, at(7))?;
    dialogue::request_consent(
        conn,
        officer,
        &id,
        &first,
        &ConsentInput {
            subject: "Architettura della soluzione".into(),
            file_id: answer.files.first().map(|f| f.id.clone()),
            message_id: None,
            shared_with: Some(second.clone()),
            purpose: "Verificare l'interoperabilità con la soluzione del secondo candidato".into(),
        },
        at(8),
    )?;
    let register = dialogue::register(conn, officer, &id)?;
    if let Some(c) = register.first() {
        dialogue::answer_consent(conn, candidate_1, &c.id, true, at(9))?;
    }
    let pending = dialogue::schedule(
        conn,
        officer,
        &id,
        &second,
        &session(
            "Videoconferenza: https://meet.regione.demo/dialogo-sportello",
            "Accessibilità dello sportello; gestione dei pagamenti pagoPA.",
            10,
        ),
        at(9),
    )?;
    dialogue::write(
        conn,
        officer,
        &pending.id,
        "Il candidato ha presentato la conformità alle linee guida AgID sull'accessibilità e \
         l'integrazione con pagoPA.",
        at(10),
    )?;
    dialogue::submit(conn, officer, &pending.id, at(11))?;
    dialogue::post_message(
        conn,
        officer,
        &id,
        &first,
        &MessageInput {
            body: "Potete indicare i tempi di migrazione delle pratiche in corso?".into(),
            answer_by: Some(crate::domain::time::rome_date(now + Duration::days(7))),
            ..MessageInput::default()
        },
        &[],
        Lang::It,
        now - Duration::hours(20),
    )?;
    Ok(())
}
