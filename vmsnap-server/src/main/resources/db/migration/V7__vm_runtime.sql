-- How a VM runs: launched by vmsnap (managed) or run by something else and attached through its sockets.
CREATE TABLE vm_runtime (
    vm_id        BIGINT        NOT NULL PRIMARY KEY REFERENCES vm (id) ON DELETE CASCADE,
    managed      BOOLEAN       NOT NULL,
    ram_mb       INT           NOT NULL,
    vcpus        INT           NOT NULL,
    kernel       VARCHAR(1024),
    initrd       VARCHAR(1024),
    cmdline      VARCHAR(1024),
    qmp_socket   VARCHAR(1024),
    qga_socket   VARCHAR(1024),
    pid          BIGINT,
    started_at   TIMESTAMP WITH TIME ZONE
);
