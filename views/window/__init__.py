"""The main window's parts by what the user sees: the menus' actions, the sidebar, the page stack."""
