// The same schema on both backends: see migrations/sqlite and migrations/postgres.

diesel::table! {
    authorities (id) {
        id -> Text,
        name -> Text,
        fiscal_code -> Text,
        address -> Text,
        created_at -> Timestamp,
        profile -> Nullable<Text>,
    }
}

diesel::table! {
    organisations (id) {
        id -> Text,
        legal_name -> Text,
        vat_number -> Text,
        country -> Text,
        address -> Text,
        email -> Text,
        created_at -> Timestamp,
        profile -> Nullable<Text>,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        display_name -> Text,
        authority_id -> Nullable<Text>,
        organisation_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Text,
        user_id -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
    }
}

diesel::table! {
    calls (id) {
        id -> Text,
        authority_id -> Text,
        procedure -> Text,
        reference -> Text,
        title -> Text,
        summary -> Text,
        description -> Text,
        cpv_codes -> Text,
        budget_cents -> BigInt,
        currency -> Text,
        contact -> Text,
        status -> Text,
        cancel_reason -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        published_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        committee_max -> Integer,
        cig -> Nullable<Text>,
        nuts -> Nullable<Text>,
        eu_funded -> Bool,
        ipr_exploitation_months -> Nullable<Integer>,
    }
}

diesel::table! {
    phases (id) {
        id -> Text,
        call_id -> Text,
        position -> Integer,
        kind -> Text,
        name -> Text,
        deadline -> Nullable<Timestamp>,
        budget_cents -> Nullable<BigInt>,
        max_contracts -> Nullable<Integer>,
        duration_days -> Nullable<Integer>,
        min_candidates -> Nullable<Integer>,
        standstill_days -> Nullable<Integer>,
        accepted_types -> Text,
        max_file_mb -> Nullable<Integer>,
        max_total_mb -> Nullable<Integer>,
        opened_at -> Nullable<Timestamp>,
        anonymised -> Integer,
        consensus_rule -> Text,
        price_formula -> Text,
        min_quality -> Nullable<Integer>,
        opened_by -> Nullable<Text>,
        technical_final_at -> Nullable<Timestamp>,
        decided_at -> Nullable<Timestamp>,
        decided_by -> Nullable<Text>,
        decision_text -> Nullable<Text>,
        max_candidates -> Nullable<Integer>,
    }
}

diesel::table! {
    criteria (id) {
        id -> Text,
        phase_id -> Text,
        position -> Integer,
        name -> Text,
        description -> Text,
        kind -> Text,
        weight -> Integer,
        max_points -> Integer,
        min_threshold -> Nullable<Integer>,
    }
}

diesel::table! {
    documents (id) {
        id -> Text,
        call_id -> Text,
        title -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
        addendum_id -> Nullable<Text>,
    }
}

diesel::table! {
    admissions (phase_id, organisation_id) {
        phase_id -> Text,
        organisation_id -> Text,
        admitted_at -> Timestamp,
    }
}

diesel::table! {
    proposals (id) {
        id -> Text,
        call_id -> Text,
        phase_id -> Text,
        organisation_id -> Text,
        submitted_by -> Text,
        status -> Text,
        receipt_number -> Text,
        received_at -> Timestamp,
        price_cents -> Nullable<BigInt>,
        total_bytes -> BigInt,
        supersedes -> Nullable<Text>,
        closed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    proposal_files (id) {
        id -> Text,
        proposal_id -> Text,
        envelope -> Text,
        position -> Integer,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
    }
}

diesel::table! {
    clarifications (id) {
        id -> Text,
        call_id -> Text,
        organisation_id -> Text,
        asked_by -> Text,
        question -> Text,
        asked_at -> Timestamp,
        answer -> Nullable<Text>,
        answered_by -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        private -> Bool,
    }
}

diesel::table! {
    addenda (id) {
        id -> Text,
        call_id -> Text,
        number -> Integer,
        body -> Text,
        published_by -> Text,
        published_at -> Timestamp,
    }
}

diesel::table! {
    proposal_confirmations (proposal_id, addendum_id) {
        proposal_id -> Text,
        addendum_id -> Text,
        confirmed_by -> Text,
        confirmed_at -> Timestamp,
    }
}

diesel::table! {
    audit_events (seq) {
        seq -> BigInt,
        at -> Timestamp,
        actor -> Text,
        action -> Text,
        entity_type -> Text,
        entity_id -> Text,
        before_summary -> Text,
        after_summary -> Text,
        prev_hash -> Text,
        hash -> Text,
    }
}

diesel::table! {
    committee_members (id) {
        id -> Text,
        phase_id -> Text,
        user_id -> Text,
        is_chair -> Integer,
        appointed_at -> Timestamp,
        appointed_by -> Text,
        declared_at -> Nullable<Timestamp>,
        has_conflict -> Nullable<Integer>,
        declaration -> Nullable<Text>,
        scores_submitted_at -> Nullable<Timestamp>,
        replaced_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    scores (phase_id, proposal_id, member_id, criterion) {
        phase_id -> Text,
        proposal_id -> Text,
        member_id -> Text,
        criterion -> Integer,
        points -> Text,
        justification -> Text,
        saved_at -> Timestamp,
    }
}

diesel::table! {
    consensus_scores (phase_id, proposal_id, criterion) {
        phase_id -> Text,
        proposal_id -> Text,
        criterion -> Integer,
        points -> Text,
        reason -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    phase_results (phase_id, proposal_id) {
        phase_id -> Text,
        proposal_id -> Text,
        position -> Integer,
        result -> Text,
    }
}

diesel::table! {
    price_verifications (phase_id, proposal_id) {
        phase_id -> Text,
        proposal_id -> Text,
        requested_at -> Timestamp,
        answered_at -> Nullable<Timestamp>,
        accepted -> Integer,
        reason -> Text,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    issued_documents (file_sha256) {
        file_sha256 -> Text,
        data_sha256 -> Text,
        kind -> Text,
        entity_id -> Text,
        lang -> Text,
        title -> Text,
        event_at -> Timestamp,
        issued_at -> Timestamp,
        audit_seq -> Nullable<BigInt>,
        audit_hash -> Nullable<Text>,
    }
}

diesel::joinable!(users -> authorities (authority_id));
diesel::joinable!(users -> organisations (organisation_id));
diesel::table! {
    invitations (token_hash) {
        token_hash -> Text,
        organisation_id -> Text,
        email -> Text,
        display_name -> Text,
        invited_by -> Text,
        created_at -> Timestamp,
        expires_at -> Timestamp,
        accepted_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    typed_drafts (call_id) {
        call_id -> Text,
        action -> Text,
        pairs -> Text,
        saved_at -> Timestamp,
    }
}

diesel::table! {
    held_files (id) {
        id -> Text,
        phase_id -> Text,
        user_id -> Text,
        envelope -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        held_at -> Timestamp,
    }
}

diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(calls -> authorities (authority_id));
diesel::joinable!(phases -> calls (call_id));
diesel::joinable!(criteria -> phases (phase_id));
diesel::joinable!(documents -> calls (call_id));
diesel::joinable!(proposals -> organisations (organisation_id));
diesel::joinable!(proposals -> phases (phase_id));
diesel::joinable!(proposal_files -> proposals (proposal_id));
diesel::joinable!(admissions -> organisations (organisation_id));

diesel::table! {
    framework_agreements (id) {
        id -> Text,
        call_id -> Text,
        organisation_id -> Text,
        created_at -> Timestamp,
        signed_on -> Nullable<Date>,
        signed_by -> Nullable<Text>,
    }
}

diesel::table! {
    contracts (id) {
        id -> Text,
        call_id -> Text,
        phase_id -> Text,
        organisation_id -> Text,
        proposal_id -> Text,
        awarded_cents -> Nullable<BigInt>,
        amount_cents -> Nullable<BigInt>,
        starts_on -> Nullable<Date>,
        created_at -> Timestamp,
        signed_on -> Nullable<Date>,
        signed_by -> Nullable<Text>,
        signed_at -> Nullable<Timestamp>,
        terminated_on -> Nullable<Date>,
        terminated_at -> Nullable<Timestamp>,
        termination_reason -> Nullable<Text>,
    }
}

diesel::table! {
    deliverables (id) {
        id -> Text,
        contract_id -> Text,
        position -> Integer,
        title -> Text,
        due_on -> Date,
        payment_cents -> BigInt,
    }
}

diesel::table! {
    deliverable_submissions (id) {
        id -> Text,
        deliverable_id -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        submitted_by -> Text,
        submitted_at -> Timestamp,
        review -> Nullable<Text>,
        review_reason -> Nullable<Text>,
        reviewed_by -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    payments (id) {
        id -> Text,
        contract_id -> Text,
        deliverable_id -> Text,
        amount_cents -> BigInt,
        paid_on -> Date,
        recorded_by -> Text,
        recorded_at -> Timestamp,
    }
}

diesel::table! {
    communications (id) {
        id -> Text,
        call_id -> Text,
        phase_id -> Nullable<Text>,
        kind -> Text,
        organisation_id -> Text,
        subject_it -> Text,
        body_it -> Text,
        subject_en -> Text,
        body_en -> Text,
        created_at -> Timestamp,
        due_at -> Timestamp,
        delivered_at -> Nullable<Timestamp>,
        read_at -> Nullable<Timestamp>,
        read_by -> Nullable<Text>,
    }
}

diesel::table! {
    mail_outbox (id) {
        id -> Text,
        communication_id -> Nullable<Text>,
        to_address -> Text,
        created_at -> Timestamp,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        claimed_until -> Nullable<Timestamp>,
        sent_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        attachment_name -> Nullable<Text>,
        attachment -> Nullable<Binary>,
        attachment_sha256 -> Nullable<Text>,
        notification_id -> Nullable<Text>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        user_id -> Text,
        kind -> Text,
        call_id -> Nullable<Text>,
        subject_it -> Text,
        body_it -> Text,
        subject_en -> Text,
        body_en -> Text,
        link -> Text,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        once_key -> Text,
    }
}

diesel::table! {
    notification_opt_outs (user_id, kind) {
        user_id -> Text,
        kind -> Text,
    }
}

diesel::table! {
    cpv_subscriptions (user_id, prefix) {
        user_id -> Text,
        prefix -> Text,
        created_at -> Timestamp,
    }
}

diesel::joinable!(mail_outbox -> communications (communication_id));

diesel::table! {
    challenges (id) {
        id -> Text,
        call_id -> Text,
        phase_id -> Nullable<Text>,
        kind -> Text,
        ground -> Text,
        organisation_id -> Nullable<Text>,
        court -> Nullable<Text>,
        text -> Text,
        filed_on -> Date,
        filed_by -> Text,
        created_at -> Timestamp,
        interim_requested -> Bool,
        interim_granted -> Nullable<Bool>,
        interim_on -> Nullable<Date>,
        interim_text -> Nullable<Text>,
        status -> Text,
        decided_on -> Nullable<Date>,
        reasons -> Nullable<Text>,
        measures -> Nullable<Text>,
        decided_by -> Nullable<Text>,
    }
}

diesel::table! {
    challenge_files (id) {
        id -> Text,
        challenge_id -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
    }
}

diesel::table! {
    dialogue_messages (id) {
        id -> Text,
        call_id -> Text,
        organisation_id -> Text,
        phase_id -> Nullable<Text>,
        reply_to -> Nullable<Text>,
        kind -> Text,
        from_authority -> Bool,
        author_id -> Text,
        body -> Text,
        body_en -> Nullable<Text>,
        answer_by -> Nullable<Date>,
        created_at -> Timestamp,
        read_at -> Nullable<Timestamp>,
        read_by -> Nullable<Text>,
        quotes -> Nullable<Text>,
        quote_consent_id -> Nullable<Text>,
    }
}

diesel::table! {
    dialogue_files (id) {
        id -> Text,
        message_id -> Text,
        file_name -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        sha256 -> Text,
        uploaded_by -> Text,
        uploaded_at -> Timestamp,
        shared_from -> Nullable<Text>,
        consent_id -> Nullable<Text>,
    }
}

diesel::table! {
    dialogue_sessions (id) {
        id -> Text,
        call_id -> Text,
        organisation_id -> Text,
        phase_id -> Nullable<Text>,
        starts_at -> Timestamp,
        place -> Text,
        attendees -> Text,
        agenda -> Text,
        minutes -> Text,
        status -> Text,
        approved_at -> Nullable<Timestamp>,
        approved_by -> Nullable<Text>,
        minutes_sha256 -> Nullable<Text>,
        created_by -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    dialogue_consents (id) {
        id -> Text,
        call_id -> Text,
        organisation_id -> Text,
        subject -> Text,
        file_id -> Nullable<Text>,
        shared_with -> Nullable<Text>,
        purpose -> Text,
        status -> Text,
        requested_by -> Text,
        requested_at -> Timestamp,
        answered_by -> Nullable<Text>,
        answered_at -> Nullable<Timestamp>,
        message_id -> Nullable<Text>,
    }
}

diesel::table! {
    dialogue_closings (call_id) {
        call_id -> Text,
        text -> Text,
        concluded_by -> Text,
        concluded_at -> Timestamp,
    }
}

diesel::table! {
    request_declarations (proposal_id) {
        proposal_id -> Text,
        declaration -> Text,
        saved_by -> Text,
        saved_at -> Timestamp,
    }
}

diesel::table! {
    selection_checks (proposal_id, criterion) {
        proposal_id -> Text,
        criterion -> Integer,
        passed -> Bool,
        reason -> Text,
        checked_by -> Text,
        checked_at -> Timestamp,
    }
}

diesel::allow_tables_to_appear_in_same_query!(
    request_declarations,
    selection_checks,
    dialogue_messages,
    dialogue_files,
    dialogue_sessions,
    dialogue_consents,
    dialogue_closings,
    challenge_files,
    notifications,
    notification_opt_outs,
    cpv_subscriptions,
    challenges,
    mail_outbox,
    communications,
    framework_agreements,
    contracts,
    deliverables,
    deliverable_submissions,
    payments,
    authorities,
    organisations,
    users,
    sessions,
    invitations,
    typed_drafts,
    held_files,
    calls,
    phases,
    criteria,
    documents,
    audit_events,
    admissions,
    proposals,
    proposal_files,
    clarifications,
    addenda,
    proposal_confirmations,
    committee_members,
    scores,
    consensus_scores,
    phase_results,
    price_verifications,
    issued_documents,
);
