/**
 * The control plane's side of the node agents: the broker link that sends each storage call to the queue of the
 * node that holds the image and waits for its reply, the routing driver that keeps calls for the embedded node
 * in-process, and the hellos that register nodes. Never touches the database but through the inventory module.
 */
package org.vmsnap.node;
