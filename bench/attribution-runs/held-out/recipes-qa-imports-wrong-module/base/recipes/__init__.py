"""Recipe book: ingredients, units and shopping lists."""
