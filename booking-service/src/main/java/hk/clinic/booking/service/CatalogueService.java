package hk.clinic.booking.service;

import hk.clinic.booking.domain.Catalogue;
import hk.clinic.booking.repository.CatalogueRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The catalogue changes only through a migration (i.e. a deployment), so it is read once and then served
 * from memory: availability and registrations then cost no catalogue queries at all.
 */
@ApplicationScoped
public class CatalogueService {

    @Inject
    CatalogueRepository repository;

    private volatile Catalogue catalogue;

    @Transactional(Transactional.TxType.SUPPORTS)
    public Catalogue catalogue() {
        Catalogue c = catalogue;
        if (c == null) {
            synchronized (this) {
                if (catalogue == null) {
                    catalogue = repository.load();
                }
                c = catalogue;
            }
        }
        return c;
    }
}
