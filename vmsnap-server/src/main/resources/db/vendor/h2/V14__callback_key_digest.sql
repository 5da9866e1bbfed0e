-- HOSTKEY callback keys are credentials (eq_callback.php needs nothing else): only their SHA-256 digest is kept,
-- as lowercase hex of the key's UTF-8 bytes, the same as the server computes.
ALTER TABLE task ALTER COLUMN callback_key SET DATA TYPE VARCHAR(64);
UPDATE task SET callback_key = LOWER(RAWTOHEX(HASH('SHA-256', STRINGTOUTF8(callback_key))));
