"""Operations a volunteer can run: backups that restore, and a check of the production settings."""
