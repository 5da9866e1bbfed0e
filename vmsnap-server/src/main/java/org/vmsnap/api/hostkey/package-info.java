/**
 * The HOSTKEY InvAPI front door ({@code api/other.md} §B): form-encoded RPC on {@code /auth.php},
 * {@code /vm.php} and {@code /eq_callback.php}, where {@code action} picks the method and {@code token}
 * authenticates. Parameters come from the query string and the form body alike on GET and POST (PHP's
 * {@code $_REQUEST}, body winning), with PHP-style arrays; unknown parameters are ignored. Every answer is
 * HOSTKEY's envelope: HTTP 200 with {@code {"result":"OK",...}} or {@code {"code":-1,"message":...}}, HTTP 401 for
 * a missing, unknown or expired token. Calls core services only; knows no other front door.
 */
package org.vmsnap.api.hostkey;
