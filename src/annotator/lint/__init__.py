"""`annotator lint`: notation consistency rules for drafts."""
