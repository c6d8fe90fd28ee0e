package framework

// PLACEHOLDER: the commands helper replaces this file.

// Command is a management command.
type Command interface{}

func (a *App) registerBuiltinCommands() {}
