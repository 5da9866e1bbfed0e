package org.vmsnap.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.vmsnap.inventory.NodeReport;
import org.vmsnap.node.NodeLink;
import org.vmsnap.node.NodeRoutingDriver;
import org.vmsnap.node.NodeRoutingHypervisor;
import org.vmsnap.runtime.spi.Hypervisor;
import org.vmsnap.storage.spi.StorageDriver;

/**
 * The node agents: with {@code vmsnap.broker} (an {@code amqp://} URL, {@code --broker}) the control plane sends the
 * storage calls of other nodes' images to their agents; without it every image is the embedded node's.
 */
@Configuration(proxyBeanMethods = false)
class NodeConfig {
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("!'${vmsnap.broker:}'.isEmpty()")
    NodeLink nodeLink(
            @Value("${vmsnap.broker}") String broker,
            @Value("${vmsnap.node.call-timeout:PT1H}") Duration timeout,
            @Value("${vmsnap.node.ask-timeout:PT10S}") Duration askTimeout,
            ApplicationEventPublisher events,
            Clock clock)
            throws Exception {
        return NodeLink.connect(
                broker,
                timeout,
                askTimeout,
                clock,
                hello -> events.publishEvent(new NodeReport(
                        hello.hostname(),
                        hello.address(),
                        hello.cpus(),
                        hello.ramMb(),
                        hello.cpusFree(),
                        hello.ramFreeMb(),
                        hello.imagesDir())));
    }

    /** What the core calls: the embedded node's driver, or a node's agent, by the image's node. */
    @Bean
    @Primary
    StorageDriver storageDriver(
            @Qualifier("localStorageDriver") StorageDriver local,
            Optional<NodeLink> link,
            @Value("${vmsnap.node.address:}") String address)
            throws java.net.UnknownHostException {
        String own = address.isEmpty() ? java.net.InetAddress.getLocalHost().getHostAddress() : address;
        return new NodeRoutingDriver(local, link, own);
    }

    /** What the core calls: the embedded node's hypervisor, or a node's agent, by the VM's node. */
    @Bean
    @Primary
    Hypervisor hypervisor(@Qualifier("localHypervisor") Hypervisor local, Optional<NodeLink> link) {
        return new NodeRoutingHypervisor(local, link);
    }
}
