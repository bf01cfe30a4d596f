DROP TABLE typed_drafts;
