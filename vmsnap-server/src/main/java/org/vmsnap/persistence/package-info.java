/** JDBC helpers shared by the modules' stores; schema lives in db/migration (Flyway, portable SQL). */
package org.vmsnap.persistence;
