-- The address a VM is reached at (a vmsnap extension of the VM define); NULL: its node's address.
ALTER TABLE vm ADD COLUMN address VARCHAR(255);
