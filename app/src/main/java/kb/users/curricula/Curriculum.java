package kb.users.curricula;

import java.time.Instant;
import java.util.List;

public record Curriculum(long id, String title, String audience, List<String> objectives, List<Module> modules,
                         String createdBy, Instant createdAt, Instant updatedAt) {}
