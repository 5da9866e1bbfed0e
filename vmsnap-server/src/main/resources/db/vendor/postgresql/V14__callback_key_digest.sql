-- HOSTKEY callback keys are credentials (eq_callback.php needs nothing else): only their SHA-256 digest is kept,
-- as lowercase hex of the key's UTF-8 bytes, the same as the server computes.
ALTER TABLE task ALTER COLUMN callback_key TYPE VARCHAR(64);
UPDATE task SET callback_key = encode(sha256(convert_to(callback_key, 'UTF8')), 'hex');
