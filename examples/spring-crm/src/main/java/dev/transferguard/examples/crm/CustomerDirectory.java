package dev.transferguard.examples.crm;

import java.util.List;
import org.springframework.stereotype.Component;

/** The CRM's customers; invented sample records, held in memory. */
@Component
public class CustomerDirectory {

    private static final List<Customer> CUSTOMERS = List.of(
            new Customer("c-1001", "Anna Schmidt", "anna.schmidt@example.de", "DE", "gold"),
            new Customer("c-1002", "Jonas Weber", "jonas.weber@example.de", "DE", "silver"),
            new Customer("c-1003", "Camille Martin", "camille.martin@example.fr", "FR", "gold"));

    /**
     * Every customer.
     *
     * @return the customers
     */
    public List<Customer> all() {
        return CUSTOMERS;
    }
}
