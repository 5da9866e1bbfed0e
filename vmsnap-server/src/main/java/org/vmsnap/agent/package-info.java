/**
 * {@code vmsnap agent}: the process on each hypervisor that owns its images, storage daemons and QEMU sockets and
 * carries out the storage calls the control plane sends to its node's queue. It holds broker credentials only: no
 * database, no web server, no user data beyond the calls it is sent.
 */
package org.vmsnap.agent;
