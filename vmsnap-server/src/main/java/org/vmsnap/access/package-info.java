/**
 * Users, credentials (hashed), DCs and the visibility rule ({@link org.vmsnap.access.Caller#canSee}). Owns the
 * {@code app_user}, {@code auth_token}, {@code api_key}, {@code api_session} and {@code dc} tables; knows nothing
 * of VMs or snapshots.
 */
package org.vmsnap.access;
