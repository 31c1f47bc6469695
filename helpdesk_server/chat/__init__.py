"""Live chat: the assistant, the queue, handoff to agents, and conversion to tickets."""
