/**
 * What the control plane and the node agents say to each other over RabbitMQ: storage calls and their replies,
 * and the agents' hellos. JSON bodies; the queue and exchange names both ends use. No Spring, no SQL.
 */
package org.vmsnap.node.wire;
