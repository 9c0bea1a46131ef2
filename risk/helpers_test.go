package risk

import (
	"bytes"
	"encoding/json"
)

func jsonMarshal(v any) ([]byte, error) { return json.Marshal(v) }

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
