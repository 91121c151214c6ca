package dev.lakeload.cli;

/** The manifest of the command line tests: tables orders and customers of a local lake folder {@code lake}. */
final class ShopManifest {
    private ShopManifest() {
    }

    /**
     * The manifest's YAML. Its user is {@code ${LAKELOAD_TEST_UNSET_USER:-user}} on line 6, and orders starts on
     * line 10.
     *
     * @param extraOrderKeys more keys of orders, indented as its own, or ""
     */
    static String yaml(String url, String user, String password, String extraOrderKeys) {
        return """
                source:
                  local: { path: lake }
                target:
                  postgres:
                    url: %s
                    user: ${LAKELOAD_TEST_UNSET_USER:-%s}
                    password: "%s"
                    schema: warehouse
                tables:
                  - name: orders
                    from: shop/orders/
                    columns:
                      - { name: id, type: bigint }
                      - { name: note, type: text }
                      - { name: amount, type: "numeric(12,2)" }
                    primaryKey: [id]
                %s
                  - name: customers
                    from: shop/customers
                    columns: [ { name: id, type: bigint }, { name: name, type: text } ]
                """.formatted(url, user, password, extraOrderKeys);
    }
}
