//! Who is who: the actor knowledge base and mention-to-actor resolution.
