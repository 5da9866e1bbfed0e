package org.vmsnap.access;

/**
 * A password login failed (wrong password, unknown account, or refused while throttled): for the audit log. Never
 * carries the password.
 *
 * @param login the name or e-mail given (cut to 150 characters)
 * @param address the client's address
 * @param userId the account it named, or null when it named none
 * @param throttled refused before the password was looked at
 */
public record LoginFailed(String login, String address, Long userId, boolean throttled) {}
