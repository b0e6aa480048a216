"""The Qt user interface: the main window, one package per tab, shared models and widgets."""
