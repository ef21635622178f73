package dev.transferguard.spring.example;

import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Exports the CRM's customers to a partner on request; a denial is answered with HTTP 451 by the starter. */
@RestController
public class ExportController {

    static final List<Customer> CUSTOMERS = List.of(
            new Customer("c-1", "Li Wei", "li.wei@example.cn", "CN"),
            new Customer("c-2", "Wang Fang", "wang.fang@example.cn", "CN"));

    private final PartnerExport export;

    public ExportController(PartnerExport export) {
        this.export = export;
    }

    @PostMapping("/exports")
    public ResponseEntity<Void> export(@RequestParam URI partner) {
        export.send(partner, CUSTOMERS);
        return ResponseEntity.noContent().build();
    }
}
