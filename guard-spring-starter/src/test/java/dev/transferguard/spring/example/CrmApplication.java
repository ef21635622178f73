package dev.transferguard.spring.example;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A small CRM service that exports customer records to partners. */
@SpringBootApplication
public class CrmApplication {
}
