/**
 * Snapshot requests (the VSS model): a Create takes a snapshot of every disk of a VM at its {@code from_date}
 * (named {@code SR-<request id>}) and deletes it at its {@code to_date}; Delete and Revert run at once. Requests
 * live in the database and are driven by {@link org.vmsnap.request.RequestProcessor#tick}, so work that fell due
 * while the service was down is done on the first tick after it starts. Uses the snapshot, inventory and task
 * modules' public services only; knows no front door.
 */
package org.vmsnap.request;
