package org.vmsnap.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses paths with {@code ;} parameters. Spring matches {@code /snapshot/a;b/} as {@code /snapshot/a/} (the
 * {@code ;b} taken for a matrix variable), so a request meant for one name would act on another. None of the four
 * vendors' URLs has such parameters, and none of their names may contain {@code ;}: the path answers as one that
 * no route serves, in its front door's shape.
 */
@Component
class PathParameterGuard implements HandlerInterceptor, WebMvcConfigurer {
    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
            throws NoHandlerFoundException {
        if (request.getRequestURI().indexOf(';') >= 0) {
            throw new NoHandlerFoundException(request.getMethod(), request.getRequestURI(), new HttpHeaders());
        }
        return true;
    }
}
