/**
 * The JDBC stores: SQLite, the embedded default, and PostgreSQL for several replicas, sharing all
 * SQL but the few statements where the engines differ.
 */
@NullMarked
package dev.junction.store;

import org.jspecify.annotations.NullMarked;
