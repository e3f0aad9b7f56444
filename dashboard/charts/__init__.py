"""Pure builders from DataFrames/values to plotly figures and display strings, testable without Streamlit."""
