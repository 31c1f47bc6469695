"""The routers of live chat, event streams and the agent's side, for `create_app`."""

from __future__ import annotations

from helpdesk_server.agent.routes import router as agent_router
from helpdesk_server.chat.routes import router as chat_router
from helpdesk_server.streams import router as events_router

LIVE_ROUTERS = (chat_router, events_router, agent_router)
