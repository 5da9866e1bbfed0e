package org.vmsnap.health;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.vmsnap.access.AccessService;

/** The actuator's paths learn who an admin is (see {@link AdminPrincipalFilter}). */
@Configuration(proxyBeanMethods = false)
class HealthConfig {
    @Bean
    FilterRegistrationBean<AdminPrincipalFilter> adminPrincipalFilter(AccessService access) {
        FilterRegistrationBean<AdminPrincipalFilter> registration =
                new FilterRegistrationBean<>(new AdminPrincipalFilter(access));
        registration.addUrlPatterns("/actuator/*");
        return registration;
    }
}
