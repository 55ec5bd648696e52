/* true: does nothing, successfully (its operands are ignored). */
int
main(void)
{
	return 0;
}
