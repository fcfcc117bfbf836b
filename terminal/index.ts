// Public face of terminal: other folders import only this file.
