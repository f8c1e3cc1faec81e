"""TutorDesk: casework for the people who keep young people in education, in one encrypted file."""

__version__ = "0.1.0"
