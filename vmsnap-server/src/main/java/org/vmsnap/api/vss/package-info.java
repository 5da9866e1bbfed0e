/**
 * The UofT VSS API v2 front door ({@code /auth/request-token}, {@code /v2/...}): bearer JWTs, the
 * {@code {_links, data, meta}} envelope with {@code meta.pages}, {@code {"status","error","message"}} errors, and
 * snapshot requests over {@link org.vmsnap.request.SnapshotRequestService}. Maps wire values to core commands and
 * back; no rule lives here, and it never touches the database or another front door.
 */
package org.vmsnap.api.vss;
