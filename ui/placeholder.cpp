// filled by the chat window issue
