package org.vmsnap.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import java.util.Locale;
import java.util.Optional;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;
import org.vmsnap.access.AccessService;
import org.vmsnap.access.Role;
import org.vmsnap.access.User;
import org.vmsnap.shared.VmsnapException;

/**
 * For the actuator's paths: a caller with the usual {@code Authorization: Token <key>} of an admin (or superadmin)
 * is presented to the actuator as a principal in role {@code ADMIN}, so it sees the health details. Anyone else,
 * also with a wrong or foreign token, is anonymous and sees the status alone (nothing else of the answer): the
 * health is no way to test tokens.
 */
final class AdminPrincipalFilter extends OncePerRequestFilter {
    static final String ROLE = "ADMIN";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AccessService access;

    AdminPrincipalFilter(AccessService access) {
        this.access = access;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<User> admin = admin(request.getHeader("Authorization"));
        if (admin.isEmpty()) {
            statusOnly(request, response, chain);
            return;
        }
        Principal principal = admin.get()::username;
        chain.doFilter(
                new HttpServletRequestWrapper(request) {
                    @Override
                    public Principal getUserPrincipal() {
                        return principal;
                    }

                    @Override
                    public boolean isUserInRole(String role) {
                        return ROLE.equals(role);
                    }
                },
                response);
    }

    /**
     * The answer with its status alone: the root health also names its groups, which an anonymous caller need not
     * know.
     */
    private static void statusOnly(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        ContentCachingResponseWrapper held = new ContentCachingResponseWrapper(response);
        chain.doFilter(request, held);
        byte[] body = held.getContentAsByteArray();
        String type = held.getContentType();
        if (type != null && type.contains("json") && body.length > 0) {
            try {
                JsonNode answer = JSON.readTree(body);
                if (answer.isObject() && answer.has("status")) {
                    ObjectNode status = JSON.createObjectNode().set("status", answer.get("status"));
                    held.resetBuffer();
                    held.getOutputStream().write(JSON.writeValueAsBytes(status));
                }
            } catch (IOException e) {
                // not JSON after all: passed on as it is
            }
        }
        held.copyBodyToResponse();
    }

    private Optional<User> admin(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String[] parts = authorization.strip().split("\\s+");
        if (parts.length != 2 || !parts[0].toLowerCase(Locale.ROOT).equals("token")) {
            return Optional.empty();
        }
        try {
            User user = access.authenticateToken(parts[1]);
            return user.role() == Role.USER ? Optional.empty() : Optional.of(user);
        } catch (VmsnapException e) {
            return Optional.empty();
        }
    }
}
