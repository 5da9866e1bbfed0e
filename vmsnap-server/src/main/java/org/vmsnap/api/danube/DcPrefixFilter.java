package org.vmsnap.api.danube;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * {@code /api/dc/<dc>/vm/...} is the same as {@code /api/vm/...} in DC {@code <dc>}; and a Danube path without its
 * trailing slash is served as if it had one (clients never follow redirects).
 */
@Component
class DcPrefixFilter extends OncePerRequestFilter {
    private static final Pattern DC_PATH = Pattern.compile("^/api/dc/([A-Za-z0-9._-]+)(/vm/.*)$");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/api/") || path.startsWith("/api/2.0/")) {
            chain.doFilter(request, response);
            return;
        }
        String target = path.endsWith("/") ? path : path + "/";
        Matcher m = DC_PATH.matcher(target);
        if (m.matches()) {
            request.setAttribute(DanubeAuth.DC_ATTRIBUTE, m.group(1));
            target = "/api" + m.group(2);
        }
        if (target.equals(path)) {
            chain.doFilter(request, response);
        } else {
            request.getRequestDispatcher(target).forward(request, response);
        }
    }
}
