/**
 * The CloudSigma API 2.0 front door ({@code /api/2.0/}): drives, snapshots with clone-to-new-drive, servers (read
 * only), capabilities, HTTP Basic and cookie-session login, rendered as CloudSigma does (list envelopes, error lists).
 * Thin: maps the wire to the core's drive and snapshot services and back; never touches the database and never
 * depends on another front door.
 */
package org.vmsnap.api.cloudsigma;
