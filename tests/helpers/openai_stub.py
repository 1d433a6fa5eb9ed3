"""A minimal OpenAI-compatible chat server for tests: the network seam, not the model.

    python openai_stub.py PORT MODE    MODE: ok | hang | die
ok   answers every chat completion (streamed or not) with a fixed cited sentence;
hang streams two tokens then stalls forever;
die  streams two tokens then kills its own process.
"""

import json
import os
import signal
import sys
import time

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

PORT, MODE = int(sys.argv[1]), sys.argv[2]
REPLY = "In Pipe mode, your training job streams data directly from Amazon S3 [1]."
app = FastAPI()


def _chunk(text: str) -> str:
    return "data: " + json.dumps({"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "stub",
                                  "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}) + "\n\n"


@app.get("/v1/models")
def models():
    return {"object": "list", "data": [{"id": "stub", "object": "model"}]}


@app.post("/v1/chat/completions")
async def chat(request: Request):
    body = await request.json()
    if body.get("stream"):
        def gen():
            words = REPLY.split(" ")
            for i, w in enumerate(words):
                yield _chunk(("" if i == 0 else " ") + w)
                if i == 1 and MODE == "hang":
                    time.sleep(3600)
                if i == 1 and MODE == "die":
                    os.kill(os.getpid(), signal.SIGKILL)
            yield "data: [DONE]\n\n"
        return StreamingResponse(gen(), media_type="text/event-stream")
    if MODE != "ok":
        time.sleep(3600)
    return JSONResponse({"id": "x", "object": "chat.completion", "created": 0, "model": "stub",
                         "choices": [{"index": 0, "message": {"role": "assistant", "content": REPLY},
                                      "finish_reason": "stop"}],
                         "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})


uvicorn.run(app, host="127.0.0.1", port=PORT, log_level="warning")
