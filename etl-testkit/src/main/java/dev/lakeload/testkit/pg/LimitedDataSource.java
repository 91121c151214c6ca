package dev.lakeload.testkit.pg;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Real connections from another data source, at most {@code limit} at a time, as from a small connection pool: one
 * more is refused with SQLSTATE 53300 (too many connections), so code that needs more fails here instead of passing
 * on a server with room to spare. Counts the most connections open at once, and the connections given back with a
 * transaction still open (which a pool would hand to the next borrower). Thread-safe.
 */
public final class LimitedDataSource implements DataSource {
    private final DataSource connections;
    private final int limit;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();
    private final AtomicInteger givenBackInTransaction = new AtomicInteger();

    public LimitedDataSource(DataSource connections, int limit) {
        this.connections = connections;
        this.limit = limit;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (open.incrementAndGet() > limit) {
            open.decrementAndGet();
            throw new SQLException("a connection more than the " + limit + " this data source lends at a time",
                    "53300");
        }
        mostOpen.accumulateAndGet(open.get(), Math::max);
        Connection connection;
        try {
            connection = connections.getConnection();
        } catch (SQLException | RuntimeException e) {
            open.decrementAndGet();
            throw e;
        }
        return lent(connection);
    }

    private Connection lent(Connection connection) {
        boolean[] closed = {false};
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && !closed[0]) {
                        closed[0] = true;
                        if (!connection.isClosed() && connection.unwrap(BaseConnection.class).getTransactionState()
                                != TransactionState.IDLE) {
                            givenBackInTransaction.incrementAndGet();
                        }
                        open.decrementAndGet();
                    }
                    try {
                        return method.invoke(connection, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("only the wrapped data source's user");
    }

    /** The connections lent and not given back now. */
    public int open() {
        return open.get();
    }

    /** The most connections that were lent at the same time. */
    public int mostOpen() {
        return mostOpen.get();
    }

    /** How many connections were given back with a transaction open (or failed). */
    public int givenBackInTransaction() {
        return givenBackInTransaction.get();
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return connections.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        connections.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        connections.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return connections.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return connections.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return connections.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return connections.isWrapperFor(type);
    }
}
