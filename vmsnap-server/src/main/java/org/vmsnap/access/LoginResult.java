package org.vmsnap.access;

import java.time.Instant;

/** A freshly issued session token; the plain token exists only here, the database keeps its hash. */
public record LoginResult(String token, Instant expires, User user) {}
