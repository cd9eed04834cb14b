package kb.users.curricula;

import java.util.List;

/** A curriculum as a trainer writes it: the whole of it, for create and for replace (PUT semantics). */
public record CurriculumDraft(String title, String audience, List<String> objectives, List<Module> modules) {}
