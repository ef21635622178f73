package dev.transferguard.spring.example;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.scheduling.annotation.EnableAsync;

/** A small CRM service that exports customer records to partners, some of them in the background. */
@SpringBootApplication
@EnableAsync
public class CrmApplication {
}
